"""Claims: the detail panel's claim, its withdrawal rounds and events, the grid, the list,
and the four withdrawal mutations."""
