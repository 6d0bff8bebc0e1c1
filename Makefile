# The two commands of the README. Both install missing Debian packages, then build.
.PHONY: run test build clean sanitize fuzz

run:
	@scripts/run.sh $(ARGS)

test:
	@scripts/test.sh

# Parts of make test, alone (PostgreSQL cases run when DAGBOARD_TEST_PG_URL is set).
sanitize:
	@scripts/sanitize.sh address && scripts/sanitize.sh thread

fuzz:
	@scripts/fuzz.sh $(SECONDS)

build:
	@scripts/build.sh

clean:
	rm -rf build build-asan build-tsan
