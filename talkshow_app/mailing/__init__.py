"""The transactional outbox: every feature's e-mail is a row stored with the change that causes it."""
