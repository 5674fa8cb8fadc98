/** Demonstration data for the run command: two cities with a user of every role, filled through the platform's own API. */
package jp.kyodo.devstack.demo;
