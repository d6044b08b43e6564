"""Local stand-ins that speak real wire formats (OpenAI, Anthropic) on 127.0.0.1."""
