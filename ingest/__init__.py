"""Ingestion: corpus files -> structured passages -> embeddings in Chroma."""
