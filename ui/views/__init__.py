"""The pages of the supervisor app, one script each (see ui/app.py)."""
