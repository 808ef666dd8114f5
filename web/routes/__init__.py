"""Route modules; each defines `router` and is mounted by web.app (one module per area)."""
