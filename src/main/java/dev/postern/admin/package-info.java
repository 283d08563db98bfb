/**
 * The admin pages: users and roles, the upstream policy, the audit log and the master key. Built only on the other
 * modules' public facades.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Admin")
package dev.postern.admin;
