"""service: the CLI, the HTTP API and (later) the advisers' web page. No NLP logic lives here."""
