"""HTML pages of the stock app: the clerk's scan page and vehicle pages
(vehicles.py), the stock reports and approvals (stock.py), printable forms
(prints.py). Each page validates a form, calls one service, renders."""
