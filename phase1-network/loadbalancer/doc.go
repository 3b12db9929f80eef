// Package loadbalancer is the weekend 7 exercise on load balancing: an HTTP reverse proxy that
// spreads requests over several backends round-robin, and active health checks that take a dead
// backend out of the rotation and bring it back when it recovers. See README.md.
package loadbalancer
