package org.exchangehub.admin.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/** The OpenAPI document's description and its two ways in: people's passwords and departments' API keys. */
@Configuration
class OpenApiConfiguration {

    @Bean
    OpenAPI exchangeHubOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Exchange Hub API").version("v1").license(new License().name("Apache-2.0"))
                        .description("Department systems push records and read feeds with their API key; admins, "
                                + "security officers and auditors use their own parts with their password. Errors are "
                                + "RFC 9457 problem details; the schema registry under /registry speaks the Confluent "
                                + "Schema Registry API."))
                .components(new Components()
                        .addSecuritySchemes("person", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("ADMIN, SECURITY_OFFICER or AUDITOR: username and password"))
                        .addSecuritySchemes("departmentKey", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("ehk1.<keyId>.<secret>")
                                .description("A department's API key (also accepted as X-API-Key)")))
                .addSecurityItem(new SecurityRequirement().addList("person"))
                .addSecurityItem(new SecurityRequirement().addList("departmentKey"));
    }
}
