package org.exchangehub.demo;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The petition bureau's legacy system: every so often it exports new petitions as a GB18030 CSV with CRLF line
 * ends and mixed date formats into the inbox, writing {@code .csv.part} and renaming when complete. Every third
 * export carries a row with a typing error in an ID number, which the hub quarantines.
 */
final class PetitionSimulator {

    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final String HEADER = "信访件编号,登记日期,信访人姓名,身份证号,联系电话,性别,信访形式,信访目的,问题属地,内容摘要,办理状态,是否重复信访,是否集体访";
    private static final String[] FORMS = { "来信", "来电", "来访", "网上" };
    private static final String[] PURPOSES = { "求决", "申诉", "意见建议", "咨询", "揭发控告" };
    private static final String[] SUMMARIES = { "反映小区供暖不足", "对低保审核结果有异议", "建议增设公交站", "咨询高龄津贴办理",
            "独居老人，子女在外地，请求上门探访" };
    private static final DateTimeFormatter[] DATES = { DateTimeFormatter.ofPattern("yyyy-MM-dd"),
            DateTimeFormatter.ofPattern("yyyy/MM/dd"), DateTimeFormatter.ofPattern("yyyy年M月d日"),
            DateTimeFormatter.ofPattern("yyyyMMdd") };

    private final Path inbox;
    private final FictionalPeople people;
    private int export;

    PetitionSimulator(Path inbox, FictionalPeople people) {
        this.inbox = inbox;
        this.people = people;
    }

    synchronized void export(int rows) throws IOException {
        export++;
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (int i = 0; i < rows; i++) {
            FictionalPeople.Person person = people.next();
            String id = export % 3 == 0 && i == 0 ? FictionalPeople.withWrongCheckCharacter(person.idNumber())
                    : person.idNumber();
            boolean male = (person.idNumber().charAt(16) - '0') % 2 == 1;
            csv.append(String.join(",", "XF%s%04d%02d".formatted(person.divisionCode(), export, i),
                    LocalDate.now().format(DATES[people.nextInt(DATES.length)]), person.name(),
                    i % 2 == 0 ? id.toLowerCase() : id, person.phone(), male ? "1" : "0",
                    FORMS[people.nextInt(FORMS.length)], PURPOSES[people.nextInt(PURPOSES.length)],
                    person.divisionCode(), SUMMARIES[people.nextInt(SUMMARIES.length)], "已登记", "否", "否"))
                    .append("\r\n");
        }
        Files.createDirectories(inbox);
        String name = "petition-export-" + System.currentTimeMillis() + ".csv";
        Path part = inbox.resolve(name + ".part");
        Files.writeString(part, csv, GB18030);
        Files.move(part, inbox.resolve(name));
    }
}
