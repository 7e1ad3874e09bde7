"""Pages of the sales app: thin views that validate a form, call one service
and render."""
