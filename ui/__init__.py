"""The supervisor app (Streamlit): ``python3 -m streamlit run ui/app.py``."""
