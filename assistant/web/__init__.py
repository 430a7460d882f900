"""Web front ends: the Gradio chat (ui.py) and the JSON API (api.py), both over one Assistant."""
