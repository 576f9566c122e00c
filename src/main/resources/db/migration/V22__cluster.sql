-- Several hub nodes on one database.
-- Locks of Spring Integration's JDBC lock registry (its table, under the prefix cluster_): the cluster's leadership
-- and each subscription's delivery; a row is held by one process (client_id) and expires when not renewed.
CREATE TABLE cluster_lock (
    lock_key     CHAR(36)     NOT NULL,
    region       VARCHAR(100) NOT NULL,
    client_id    CHAR(36),
    created_date TIMESTAMP    NOT NULL,
    CONSTRAINT pk_cluster_lock PRIMARY KEY (lock_key, region)
);

-- Counted up with every change of configuration that the nodes hold in memory (subscriptions, departments, grants).
CREATE TABLE cluster_configuration (
    id         INT    NOT NULL PRIMARY KEY,
    generation BIGINT NOT NULL
);
INSERT INTO cluster_configuration (id, generation) VALUES (1, 0);
