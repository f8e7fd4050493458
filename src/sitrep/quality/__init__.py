"""Quality: score extraction against gold annotations (the CI eval gate uses it)."""
