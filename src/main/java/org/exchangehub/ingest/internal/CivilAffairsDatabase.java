package org.exchangehub.ingest.internal;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The civil-affairs department's database, bound in Camel's registry as {@code civilAffairsDataSource} for the
 * SQL adapter routes. Not a Spring {@code DataSource} bean, so it never competes with the hub's own database.
 * The pool opens no connection until the adapter polls.
 */
@Configuration(proxyBeanMethods = false)
class CivilAffairsDatabase {

    @Bean
    CamelContextConfiguration civilAffairsDataSourceBinding(AdapterProperties adapters) {
        AdapterProperties.Database database = adapters.civilAffairs();
        if (database.jdbcUrl() == null || database.jdbcUrl().isBlank()) {
            throw new IllegalStateException("hub.adapters.civil-affairs.jdbc-url: the civil-affairs database's JDBC URL"
                    + " is required (the SQL adapter routes read it as civilAffairsDataSource)");
        }
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(database.jdbcUrl());
                config.setUsername(database.username());
                config.setPassword(database.password());
                config.setMinimumIdle(0);
                config.setMaximumPoolSize(2);
                config.setReadOnly(true);
                config.setPoolName("civil-affairs");
                config.setInitializationFailTimeout(-1);
                DataSource dataSource = new HikariDataSource(config);
                camel.getRegistry().bind("civilAffairsDataSource", dataSource);
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing to do
            }
        };
    }
}
