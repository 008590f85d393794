"""Page objects: one class per page or dialog, locators built once, methods named by
intent. They never assert; the tests do, with web-first `expect`."""

from e2e.pages.claims import ClaimsPage
from e2e.pages.dialogs import ConfirmDialog, SessionExpiredDialog, SuccessDialog
from e2e.pages.inquiry import InquiryForm
from e2e.pages.layout import Layout
from e2e.pages.login import LoginPage
from e2e.pages.memo_box import MemoBox
from e2e.pages.myqoo10 import MyQoo10Page
from e2e.pages.panel import TransactionPanel
from e2e.pages.portal_home import PortalHome

__all__ = [
    "ClaimsPage",
    "ConfirmDialog",
    "InquiryForm",
    "Layout",
    "LoginPage",
    "MemoBox",
    "MyQoo10Page",
    "PortalHome",
    "SessionExpiredDialog",
    "SuccessDialog",
    "TransactionPanel",
]
