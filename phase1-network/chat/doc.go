// Package chat is a multi-client TCP chat server with a line protocol: nicks,
// rooms, room and direct messages. Every client has its own goroutine and a
// bounded outgoing queue, so one slow or stuck reader is disconnected instead
// of slowing anyone else down.
//
// Provided — no need to edit: this file, protocol.go and rooms.go. The
// learner edits server.go. A client a person can use is
// phase1-network/cmd/chat.
package chat
