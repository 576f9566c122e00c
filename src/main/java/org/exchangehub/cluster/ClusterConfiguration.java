package org.exchangehub.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The cluster's beans: on a single node no lock registry at all (one process needs no cluster locks); in a cluster
 * Spring Integration's JDBC lock registry on the {@code cluster_lock} table, whose rows name this process (a fresh id each start, so that a
 * restarted node never mistakes its dead predecessor's locks for its own) and expire after
 * {@code hub.cluster.lease-time}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
class ClusterConfiguration {

    @Bean
    @ConditionalOnProperty(name = "hub.cluster.enabled", havingValue = "true")
    DefaultLockRepository clusterLockRepository(ClusterProperties properties, DataSource dataSource,
            PlatformTransactionManager transactions) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if ("H2".equals(connection.getMetaData().getDatabaseProductName())) {
                throw new IllegalStateException("hub.cluster.enabled: several nodes need a database they share"
                        + " (PostgreSQL); this hub's database is H2, which one process holds");
            }
        }
        DefaultLockRepository repository = new DefaultLockRepository(dataSource, UUID.randomUUID().toString());
        repository.setPrefix("cluster_");
        repository.setRegion("exchange-hub");
        repository.setTimeToLive((int) properties.leaseTime().toMillis());
        repository.setTransactionManager(transactions);
        return repository;
    }

    @Bean
    @ConditionalOnProperty(name = "hub.cluster.enabled", havingValue = "true")
    JdbcLockRegistry clusterLockRegistry(DefaultLockRepository clusterLockRepository) {
        return new JdbcLockRegistry(clusterLockRepository);
    }

    @Bean
    Leadership leadership(ClusterProperties properties, ObjectProvider<JdbcLockRegistry> clusterLockRegistry,
            ApplicationEventPublisher events) {
        return new Leadership(properties, clusterLockRegistry.getIfAvailable(), events);
    }

    @Bean
    ClusterLocks clusterLocks(ObjectProvider<JdbcLockRegistry> clusterLockRegistry) {
        return new ClusterLocks(clusterLockRegistry.getIfAvailable());
    }

    @Bean
    SharedConfiguration sharedConfiguration(ClusterProperties properties, JdbcClient jdbc,
            ApplicationEventPublisher events) {
        return new SharedConfiguration(properties, jdbc, events);
    }
}
