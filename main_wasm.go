//go:build wasm

package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	appui "powerbrokers/app"
)

func main() {
	appui.Routes(nil)
	if appui.InWorker() {
		appui.Warm()
		return
	}
	appui.Boot()
	app.RunWhenOnBrowser()
}
