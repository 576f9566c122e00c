-- The civil-affairs department's own database, as the civil-affairs adapter expects it (see routes/civil-affairs.camel.yaml).
-- The demo profile creates it in an embedded H2 database; a real deployment points the adapter at the department's database.
CREATE TABLE IF NOT EXISTS dibao_recipient (
    id              BIGINT PRIMARY KEY,
    allowance_no    VARCHAR(32)  NOT NULL,
    name            VARCHAR(64),
    id_number       VARCHAR(18),
    address         VARCHAR(200),
    division_code   CHAR(6)      NOT NULL,
    household_size  INTEGER      NOT NULL,
    monthly_amount  DECIMAL(10, 2) NOT NULL,
    status          VARCHAR(8)   NOT NULL,   -- 正常, 暂停, 终止
    start_date      DATE         NOT NULL,
    end_date        DATE,
    updated_at      TIMESTAMP(0) NOT NULL
);
CREATE TABLE IF NOT EXISTS marriage_registration (
    id               BIGINT PRIMARY KEY,
    reg_no           VARCHAR(32)  NOT NULL,
    kind             VARCHAR(8)   NOT NULL,  -- 结婚, 离婚, 复婚
    reg_date         DATE         NOT NULL,
    man_name         VARCHAR(64),
    man_id_number    VARCHAR(18),
    woman_name       VARCHAR(64),
    woman_id_number  VARCHAR(18),
    office           VARCHAR(100) NOT NULL,
    division_code    CHAR(6)      NOT NULL,
    updated_at       TIMESTAMP(0) NOT NULL
);
CREATE TABLE IF NOT EXISTS death_registration (
    id              BIGINT PRIMARY KEY,
    reg_no          VARCHAR(32)  NOT NULL,
    name            VARCHAR(64),
    id_number       VARCHAR(18),
    death_date      DATE         NOT NULL,
    certificate_no  VARCHAR(32),
    reg_date        DATE         NOT NULL,
    division_code   CHAR(6)      NOT NULL,
    updated_at      TIMESTAMP(0) NOT NULL
);
