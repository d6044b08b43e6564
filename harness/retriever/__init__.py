"""The API retriever: a corpus of API documents, BM25 and dense (Sentence-BERT) retrievers, fine-tuning,
ToolBench's NDCG, an on-disk index cache, and retrieval inside runs (ToolBench's open-domain setting).

Heavy libraries (torch, sentence-transformers, bm25s) are imported only by the modules that use them.
"""
