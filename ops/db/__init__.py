"""PostgreSQL for the web server: Django's backend, with a limit on how long it
waits for the server to answer."""
