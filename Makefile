# Flowdeck — `make run` and `make test` each work as the only command on a fresh Debian machine
# with Go installed: they install what is missing first (see `deps`).

GO        ?= go
BIN       := bin/flowdeck
# Debian packages for the cgo Fyne build (GLFW) and for the screenshot tests under Xvfb.
DEB_BUILD := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
             libxinerama-dev libxi-dev libxxf86vm-dev
DEB_TEST  := xvfb xauth imagemagick xdotool dbus x11-utils
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZTIME  ?= 10s

export LANG ?= en_US.UTF-8
export FYNE_SCALE ?= 1

.PHONY: all deps build run test test-go test-fuzz screenshots bench lint docs package clean

all: build

# deps installs only the missing Debian packages: with apt-get when root, otherwise it prints the
# exact command to run and stops.
deps:
	@missing=""; \
	for p in $(DEB_BUILD) $(DEB_TEST); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	else \
	  echo "These Debian packages are missing:$$missing"; \
	  echo "Install them with:  sudo apt-get install -y$$missing"; \
	  echo "then run make again."; exit 1; \
	fi

build: deps
	@mkdir -p bin
	$(GO) build -o $(BIN) ./cmd/flowdeck

run: build
	./$(BIN)

# test runs every test: vet, the unit and integration tests, short fuzz runs of the flow decoder and
# the Okta Workflows importer,
# and the screenshot run of the real app under Xvfb.
test: deps test-go test-fuzz screenshots

# The packages where goroutines meet (the UI bridge, the governor, the runner, the poller, the
# engine, token refresh) also run under the race detector.
RACE_PKGS := ./ui ./ui/editor ./engine/okta/governor ./engine/okta/client ./engine/run ./engine/poll ./engine ./engine/auth/... ./engine/e2e

test-go:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 8m ./...
	$(GO) test -race -count=1 -timeout 8m $(RACE_PKGS)

test-fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzDecodeValidate -fuzztime=$(FUZZTIME) ./engine/flow
	$(GO) test -run='^$$' -fuzz=FuzzImport -fuzztime=$(FUZZTIME) ./engine/importer

# screenshots runs the real app under Xvfb at 1280x800 and saves PNGs of its main screens.
screenshots: build
	./scripts/screenshots.sh ./$(BIN) docs/screenshots

# bench runs every Go benchmark, then measures the app's start-up time under Xvfb and the idle
# headless engine's memory.
bench: build
	$(GO) test -run='^$$' -bench=. -benchmem -count=1 ./...
	./scripts/startup-time.sh ./$(BIN)
	./scripts/idle-rss.sh ./$(BIN)

lint:
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

docs:
	$(GO) run ./engine/catalog/internal/gendocs

# package builds dist/Flowdeck.tar.xz, an installable Linux package (binary, .desktop entry, icon;
# install with `tar -xJf Flowdeck.tar.xz && sudo make -C flowdeck install`). fyne package reads
# FyneApp.toml only from the -src folder, so the name, id and version of the one at the root are
# passed as flags (the icon path is relative to -src).
APP_META = sed -n 's/^$(1) = "\{0,1\}\([^"]*\)"\{0,1\}$$/\1/p' FyneApp.toml
package: deps
	$(GO) run fyne.io/tools/cmd/fyne@v1.7.4 package --target linux --src ./cmd/flowdeck --icon ../../assets/icon.png --release \
	  --name "$$($(call APP_META,Name))" --app-id "$$($(call APP_META,ID))" \
	  --app-version "$$($(call APP_META,Version))" --app-build "$$($(call APP_META,Build))"
	@mkdir -p dist
	mv "$$($(call APP_META,Name)).tar.xz" dist/
	@echo "package: dist/$$($(call APP_META,Name)).tar.xz"

clean:
	rm -rf bin dist
