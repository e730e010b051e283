# Thin aliases for ./course, for those who reach for make.
.PHONY: lab test regen setup
lab test regen setup:
	./course $@
