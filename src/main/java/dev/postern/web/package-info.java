/**
 * What every page shares: the security configuration (sign-in, CSRF, headers), the language, the layout, the home
 * page and error handling.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web")
package dev.postern.web;
