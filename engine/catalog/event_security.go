package catalog

// eventSecurityCards declares the event cards about sign-in, MFA factors, authenticators and
// reports of suspicious activity.
func eventSecurityCards() []eventCard {
	const (
		cat     = "Security"
		idxOnly = " Identity Engine orgs only: in a Classic org this card never fires."
	)
	user := []eventTarget{eventTargetUser}
	phone := []eventTarget{eventTargetUser, eventTargetPhone}
	authenticator := []eventTarget{eventTargetAuthenticator}
	return []eventCard{
		{
			id: "userSignedIn", name: "User Signed In Attempt", category: cat,
			types:   []string{"user.session.start"},
			outcome: eventOutcomeAttempt,
			help: "Starts the flow when someone tries to sign in to Okta, whether it works or not: " +
				"Outcome says SUCCESS, FAILURE (e.g. a wrong password) or DENY. The user is the Actor. " +
				"Choose Outcome FAILURE to react to failed sign-ins only.",
		},
		{
			id: "userSignedOut", name: "User Signed Out", category: cat,
			types:   []string{"user.session.end"},
			outcome: eventOutcomeChange,
			help:    "Starts the flow when a user signs out of Okta. The user is the Actor.",
		},
		{
			id: "userMFA", name: "User MFA", category: cat,
			types:   []string{"user.authentication.auth_via_mfa"},
			outcome: eventOutcomeAttempt,
			help: "Starts the flow when a user verifies with a factor. In Classic orgs only second-factor checks count; " +
				"in Identity Engine orgs every factor does, the first one included. " +
				"Failed and denied checks arrive too: see Outcome. The user is the Actor.",
		},
		{
			id: "userMFAFactorActivated", name: "User MFA Factor Activated", category: cat,
			types:   []string{"user.mfa.factor.activate"},
			targets: user, outcome: eventOutcomeChange,
			help: "Starts the flow when a user enrolls a factor (authenticator) and it becomes active. " +
				"The factor is named in Outcome's reason and Debug Context.",
		},
		{
			id: "userMFAFactorDeactivated", name: "User MFA Factor Deactivated", category: cat,
			types:   []string{"user.mfa.factor.deactivate"},
			targets: user, outcome: eventOutcomeChange,
			help: "Starts the flow when one of a user's factors is reset or removed. " +
				"In Identity Engine orgs a reset of all factors also arrives here, one event per factor.",
		},
		{
			id: "userMFAFactorResetAll", name: "User MFA Factor Reset All", category: cat,
			types:   []string{"user.mfa.factor.reset_all"},
			targets: user, outcome: eventOutcomeChange,
			pipeline: "v1",
			help: "Starts the flow when all of a user's factors are reset at once. " +
				"Classic orgs only: Identity Engine never writes this event (use User MFA Factor Deactivated there). " +
				"One reset can start the flow several times, once per factor type.",
		},
		{
			id: "userMFAFactorSuspended", name: "User MFA Factor Suspended", category: cat,
			types:   []string{"user.mfa.factor.suspend"},
			targets: user, outcome: eventOutcomeChange,
			pipeline: "idx",
			help:     "Starts the flow when one of a user's factors is suspended." + idxOnly,
		},
		{
			id: "userMFAFactorUnsuspended", name: "User MFA Factor Unsuspended", category: cat,
			types:   []string{"user.mfa.factor.unsuspend"},
			targets: user, outcome: eventOutcomeChange,
			pipeline: "idx",
			help:     "Starts the flow when a suspended factor of a user works again." + idxOnly,
		},
		{
			id: "authenticatorActivated", name: "Authenticator Activated", category: cat,
			types:   []string{"security.authenticator.lifecycle.activate"},
			targets: authenticator, outcome: eventOutcomeChange,
			pipeline: "idx",
			help:     "Starts the flow when an admin turns on an authenticator for the org (e.g. Okta Verify, phone, security key)." + idxOnly,
		},
		{
			id: "authenticatorDeactivated", name: "Authenticator Deactivated", category: cat,
			types:   []string{"security.authenticator.lifecycle.deactivate"},
			targets: authenticator, outcome: eventOutcomeChange,
			pipeline: "idx",
			help:     "Starts the flow when an admin turns off an authenticator for the org." + idxOnly,
		},
		{
			id: "userReportedSuspiciousActivityBeta", name: "Suspicious Activity Reported", category: cat,
			types:   []string{"user.account.report_suspicious_activity_by_enduser"},
			targets: user,
			help: "Starts the flow when a user reports that an Okta notification about their account (a new sign-in, " +
				"a factor change) was not them. A good place to suspend the user or clear their sessions.",
		},
		{
			id: "phoneVerificationSmsSent", name: "Phone Verification SMS Sent", category: cat,
			types:   []string{"system.sms.send_phone_verification_message"},
			targets: phone, outcome: eventOutcomeAttempt,
			help: "Starts the flow when Okta sends a verification code by SMS. " +
				"Messages Okta blocked arrive with Outcome DENY.",
		},
		{
			id: "phoneVerificationCallSent", name: "Phone Verification Call Sent", category: cat,
			types:   []string{"system.voice.send_phone_verification_call"},
			targets: phone, outcome: eventOutcomeAttempt,
			help: "Starts the flow when Okta places a voice call with a verification code. " +
				"Calls Okta blocked arrive with Outcome DENY.",
		},
	}
}
