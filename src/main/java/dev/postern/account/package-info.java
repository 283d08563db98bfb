/**
 * Users, roles, password hashing, login throttling and the first admin. {@link dev.postern.account.AccountManagement}
 * is the module's facade; Spring Security's login is wired to it in {@code dev.postern.web}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Accounts")
package dev.postern.account;
