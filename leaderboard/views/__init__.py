"""The site's pages; each is a script Streamlit runs (and can be tested on its own with AppTest)."""
