# Read by `flask` (python-dotenv) in this checkout, so `flask …` works without `--app wsgi`.
FLASK_APP=wsgi
