package catalog

// eventDeviceCards declares the event cards about devices registered with Okta Verify.
// Okta writes these events only in Identity Engine orgs, so every card is limited to "idx".
func eventDeviceCards() []eventCard {
	const (
		cat  = "Devices"
		note = " Identity Engine orgs only: in a Classic org this card never fires."
	)
	device := []eventTarget{eventTargetDevice, eventTargetUser}
	card := func(id, name, eventType, help string) eventCard {
		return eventCard{
			id: id, name: name, category: cat,
			types:   []string{eventType},
			targets: device, outcome: eventOutcomeChange,
			pipeline: "idx",
			help:     help + note,
		}
	}
	return []eventCard{
		card("deviceActivated", "Device Activated", "device.lifecycle.activate",
			"Starts the flow when a deactivated device is activated again."),
		card("deviceAddedToUser", "Device Added to User", "device.user.add",
			"Starts the flow when a device is linked to a user, e.g. when they add their account to Okta Verify on it."),
		card("deviceDeactivated", "Device Deactivated", "device.lifecycle.deactivate",
			"Starts the flow when a device is deactivated: its Okta Verify factors stop working."),
		card("deviceDeleted", "Device Deleted", "device.lifecycle.delete",
			"Starts the flow when a device is deleted from the org. The device is gone when the flow runs."),
		card("deviceEnrolled", "Device Enrolled", "device.enrollment.create",
			"Starts the flow when a new device is registered with Okta Verify."),
		card("deviceSuspended", "Device Suspended", "device.lifecycle.suspend",
			"Starts the flow when a device is suspended: its use is paused until it is unsuspended."),
		card("deviceUnsuspended", "Device Unsuspended", "device.lifecycle.unsuspend",
			"Starts the flow when a suspended device is unsuspended and its Okta Verify factors work again."),
	}
}
