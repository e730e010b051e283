# Thin aliases for ./course, for those who reach for make. `make` alone
# prints the commands.
.PHONY: help lab test regen setup
help:
	@./course help
lab test regen setup:
	./course $@
