package org.exchangehub.ingest.internal;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
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
    CamelContextConfiguration civilAffairsDataSourceBinding(
            @Value("${hub.adapters.civil-affairs.jdbc-url}") String url,
            @Value("${hub.adapters.civil-affairs.username:}") String username,
            @Value("${hub.adapters.civil-affairs.password:}") String password) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(url);
                config.setUsername(username);
                config.setPassword(password);
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
