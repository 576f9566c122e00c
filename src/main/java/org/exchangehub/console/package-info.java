/**
 * The web console for admins, security officers and auditors: server-rendered pages (Thymeleaf, htmx and
 * Chart.js from WebJars, no Node build, no CDN) in Chinese and English, over the same services as the admin and
 * auditor REST APIs. Security (form sign-in, session, CSRF, pages by role) is configured by the admin module.
 */
@ApplicationModule(displayName = "Web console")
package org.exchangehub.console;

import org.springframework.modulith.ApplicationModule;
