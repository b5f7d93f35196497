"""Distil the audience twin from a larger teacher model published on the Hugging Face Hub."""
from transformers import AutoModelForCausalLM

# Bad: the teacher repository's own Python code is downloaded and run, from whatever commit is latest.
teacher = AutoModelForCausalLM.from_pretrained("someorg/audience-teacher-7b", trust_remote_code=True)
