"""GraphQL documents the tests share (what a frontend would send)."""

CLAIM_FIELDS = """
  id type status statusLabel requestDate withdrawalState
  withdrawal {
    id round state stateLabel sellerMessage requestedAt requestDate deadline heldAt heldDate
    rejectionReason { code text label }
  }
  withdrawalRounds { round state deadline }
  withdrawalActions { action allowed reason message }
  nextRequestAllowedOn rerequestDeadline
  events { kind actor at message }
"""

PAYLOAD = f"""
  claim {{ {CLAIM_FIELDS} }}
  withdrawal {{ id round state deadline requestDate sellerMessage }}
  userErrors {{ field code message }}
"""

REQUEST = f"""
mutation($input: ClaimWithdrawalRequestInput!) {{
  claimWithdrawalRequest(input: $input) {{ {PAYLOAD} }}
}}"""

CANCEL = f"""
mutation($input: ClaimWithdrawalCancelInput!) {{
  claimWithdrawalCancel(input: $input) {{ {PAYLOAD} }}
}}"""

REREQUEST = f"""
mutation($input: ClaimWithdrawalRerequestInput!) {{
  claimWithdrawalRerequest(input: $input) {{ {PAYLOAD} }}
}}"""

RESPOND = f"""
mutation($input: ClaimWithdrawalRespondInput!) {{
  claimWithdrawalRespond(input: $input) {{ {PAYLOAD} }}
}}"""

ORDER = f"""
query($no: String!) {{
  order(orderNo: $no) {{
    orderNo trackingNo carrier status hasUnansweredMemo
    claim {{ {CLAIM_FIELDS} }}
    memos {{ title status sender }}
  }}
}}"""

GRID = """
query($filter: ClaimFilter) {
  claimStatusCounts(filter: $filter) {
    withdrawalRequested withdrawalHeld
    cells { type status count delayed subRow label }
  }
}"""

BUYER_SUMMARY = """
{ buyerSummary { withdrawalRequested awaitingShipment shipping cancelling returning exchanging nonReceipt }
  myWithdrawalRequests { id withdrawal { deadline sellerMessage } order { orderNo } } }
"""

SHIPMENT = """
mutation($input: ShipmentRegisterInput!) {
  shipmentRegister(input: $input) { order { orderNo trackingNo carrier status } userErrors { field code message } }
}"""

MEMO_SEND = """
mutation($input: MemoSendInput!) {
  memoSend(input: $input) { memo { id title sender status attachmentName attachmentType } userErrors { field code message } }
}"""

INQUIRY = """
mutation($input: InquirySubmitInput!) {
  inquirySubmit(input: $input) { inquiry { id category subcategory title status } userErrors { field code message } }
}"""
