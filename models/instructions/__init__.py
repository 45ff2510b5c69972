"""Edit requests in the style of CelebA-Dialog, their meaning, and a word tokenizer."""
from .amounts import AMOUNT_PHRASES, STEP_PHRASES
from .catalogue import TEMPLATES, sentences, templates
from .corpus import build_tokenizer, make_instruction, vocabulary_texts
from .instruction import Instruction, resolve
from .template import Template
from .tokenizer import PAD, UNK, Tokenizer, split_words

__all__ = [
    "AMOUNT_PHRASES",
    "PAD",
    "STEP_PHRASES",
    "TEMPLATES",
    "UNK",
    "Instruction",
    "Template",
    "Tokenizer",
    "build_tokenizer",
    "make_instruction",
    "resolve",
    "sentences",
    "split_words",
    "templates",
    "vocabulary_texts",
]
