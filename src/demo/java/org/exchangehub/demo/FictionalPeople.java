package org.exchangehub.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.exchangehub.ingest.ResidentIdNumber;

/**
 * Valid-looking but fictional residents for the simulators: names from common surnames and given names,
 * resident ID numbers with real check characters, mainland mobile numbers. One of them, {@link #DEMO_RESIDENT}, is
 * drawn every tenth time by every simulator and named in the README, so that a reader has a person to look up in the
 * data-subject report.
 */
final class FictionalPeople {

    /** One fictional resident. */
    record Person(String name, String idNumber, String phone, String divisionCode, String address) {
    }

    private static final String[] SURNAMES = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙" };
    private static final String[] GIVEN = { "伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军",
            "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平" };
    private static final String[] DIVISIONS = { "330102", "330105", "330106", "330108", "330110" };

    private static final int POOL = 30;

    /** The demo's documented resident (fictional): police, health, petition and civil-affairs records name her. */
    static final Person DEMO_RESIDENT = new Person("林晓梅", "33010619560307001X", "13957100001", "330106",
            "杭州市某区某街道1号");

    private final Random random;
    private final List<Person> known = new ArrayList<>();
    private int drawn;

    FictionalPeople(long seed) {
        this.random = new Random(seed);
    }

    /**
     * A resident; often one met before, so that departments' records about the same person meet in the hub; every
     * tenth the demo resident.
     */
    synchronized Person next() {
        if (drawn++ % 10 == 0) {
            return DEMO_RESIDENT;
        }
        if (known.size() >= POOL || (!known.isEmpty() && random.nextInt(10) < 4)) {
            return known.get(random.nextInt(known.size()));
        }
        Person person = newPerson();
        known.add(person);
        return person;
    }

    /** A new resident born before 1950, who is never drawn again for other departments' records. */
    synchronized Person elderlyLivingAlone() {
        Person person;
        do {
            person = newPerson();
        } while (person.idNumber().compareTo(person.idNumber().substring(0, 6) + "1950") >= 0);
        return person;
    }

    private Person newPerson() {
        String division = DIVISIONS[random.nextInt(DIVISIONS.length)];
        LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(random.nextInt(365 * 75));
        String body = division + birth.toString().replace("-", "") + "%03d".formatted(random.nextInt(1000));
        String name = SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)];
        String phone = "13" + (5 + random.nextInt(5)) + "%08d".formatted(random.nextInt(100_000_000));
        String address = "杭州市某区某街道" + (1 + random.nextInt(99)) + "号";
        return new Person(name, body + ResidentIdNumber.checkCharacter(body), phone, division, address);
    }

    /** A copy of an ID number with a wrong check character, as a typing error would make. */
    static String withWrongCheckCharacter(String idNumber) {
        char check = idNumber.charAt(17);
        return idNumber.substring(0, 17) + (check == '0' ? '1' : '0');
    }

    synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
