# The two commands of the README. Both install missing Debian packages, then build.
.PHONY: run test build clean

run:
	@scripts/run.sh $(ARGS)

test:
	@scripts/test.sh

build:
	@scripts/build.sh

clean:
	rm -rf build
