"""Accounts: sign-up with e-mail verification, login, password reset, profile, consent."""
