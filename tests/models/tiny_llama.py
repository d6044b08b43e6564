"""A tiny randomly initialised Llama model and word-level tokenizer, built and saved by the tests
themselves (no hub, no downloaded weights)."""

from __future__ import annotations

from pathlib import Path

WORDS = [
    "Thought",
    "Action",
    "Input",
    "Observation",
    "Finish",
    "give_answer",
    "return_type",
    "final_answer",
    "the",
    "weather",
    "in",
    "Paris",
    "is",
    "sunny",
    "rainy",
    "city",
    "name",
    "search",
    "for",
    "books",
    "title",
    "Dune",
    "author",
    "year",
    "I",
    "should",
    "call",
    "a",
    "function",
    "to",
    "get",
    "it",
    "and",
    "then",
    "answer",
    "user",
    "system",
    "assistant",
    "tool",
    "result",
    "ok",
    "no",
    "yes",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
]
# Newlines are written as expressions: transformers renders templates with trim_blocks.
CHAT_TEMPLATE = (
    "{% if tools %}<|tools|>{{ tools | tojson }}{{ '\\n' }}{% endif %}"
    "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}"
    "{% if m.get('tool_calls') %}{{ m['tool_calls'] | tojson }}{% endif %}{{ '\\n' }}{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def build_tiny_llama(folder: Path, chat_template: bool = False, seed: int = 0) -> Path:
    """Save a 2-layer Llama (hidden size 32) and its tokenizer under ``folder``."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    specials = ["<unk>", "<s>", "</s>", "<pad>"]
    punctuation = list(":{}\",.!?'[]()_-")
    vocab = {token: i for i, token in enumerate([*specials, *dict.fromkeys(WORDS + punctuation)])}
    backend = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend, bos_token="<s>", eos_token="</s>", unk_token="<unk>", pad_token="<pad>"
    )
    if chat_template:
        tokenizer.chat_template = CHAT_TEMPLATE
    tokenizer.save_pretrained(folder)
    config = LlamaConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=512,
        bos_token_id=1,
        eos_token_id=2,
        pad_token_id=3,
    )
    torch.manual_seed(seed)
    LlamaForCausalLM(config).save_pretrained(folder)
    return folder
