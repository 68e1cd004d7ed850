package dev.immichkeycloak.adapter.doctor;

import java.util.List;

/** The findings of one diagnosis; {@code ok} is false when any finding is a FAIL. Serialised as-is by the admin route. */
public record DoctorReport(List<Finding> findings, boolean ok) {

    public static DoctorReport of(List<Finding> findings) {
        return new DoctorReport(List.copyOf(findings),
                findings.stream().noneMatch(finding -> finding.status() == Finding.Status.FAIL));
    }

    public long count(Finding.Status status) {
        return findings.stream().filter(finding -> finding.status() == status).count();
    }

    public String summary() {
        return String.format("%d OK, %d WARN, %d FAIL: %s", count(Finding.Status.OK), count(Finding.Status.WARN),
                count(Finding.Status.FAIL), ok ? "the provider configuration looks right" : "fix the FAIL lines above");
    }
}
