package dev.immichkeycloak.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuotaResolverTest {

    private static final QuotaResolver MAX = new QuotaResolver(QuotaPolicy.MAX, Optional.empty());
    private static final QuotaResolver MIN = new QuotaResolver(QuotaPolicy.MIN, Optional.empty());

    private static Quota gib(long gibibytes) {
        return Quota.parse(Long.toString(gibibytes)).orElseThrow();
    }

    @Test
    void user_attribute_wins_over_groups_and_default() {
        QuotaResolver resolver = new QuotaResolver(QuotaPolicy.MAX, Quota.parse("5"));
        GroupNode family = GroupNode.root("family", List.of("500"));

        QuotaResolution resolution = resolver.resolve(List.of("25"), List.of(family));

        assertThat(resolution.quota()).hasValue(gib(25));
        assertThat(resolution.source()).isEqualTo("user attribute");
        assertThat(resolution.ignored()).isEmpty();
    }

    @Test
    void under_max_the_largest_group_quota_wins() {
        GroupNode family = GroupNode.root("family", List.of("100"));
        GroupNode friends = GroupNode.root("friends", List.of("50G"));

        QuotaResolution resolution = MAX.resolve(List.of(), List.of(friends, family));

        assertThat(resolution.quota()).hasValue(gib(100));
        assertThat(resolution.source()).isEqualTo("group /family");
    }

    @Test
    void under_min_the_smallest_group_quota_wins() {
        GroupNode family = GroupNode.root("family", List.of("100"));
        GroupNode friends = GroupNode.root("friends", List.of("50G"));

        QuotaResolution resolution = MIN.resolve(List.of(), List.of(family, friends));

        assertThat(resolution.quota()).hasValue(gib(50));
        assertThat(resolution.source()).isEqualTo("group /friends");
    }

    @Test
    void a_parent_group_quota_applies_to_members_of_its_subgroups() {
        GroupNode family = GroupNode.root("family", List.of("200"));
        GroupNode kids = family.child("kids", List.of());

        QuotaResolution resolution = MAX.resolve(List.of(), List.of(kids));

        assertThat(resolution.quota()).hasValue(gib(200));
        assertThat(resolution.source()).isEqualTo("group /family via /family/kids");
    }

    @Test
    void parent_and_subgroup_values_are_combined_by_the_policy() {
        GroupNode family = GroupNode.root("family", List.of("200"));
        GroupNode kids = family.child("kids", List.of("10"));

        assertThat(MAX.resolve(List.of(), List.of(kids)).quota()).hasValue(gib(200));
        QuotaResolution min = MIN.resolve(List.of(), List.of(kids));
        assertThat(min.quota()).hasValue(gib(10));
        assertThat(min.source()).isEqualTo("group /family/kids");
    }

    @Test
    void under_max_unlimited_beats_any_number() {
        GroupNode family = GroupNode.root("family", List.of("unlimited"));
        GroupNode friends = GroupNode.root("friends", List.of("8192T"));

        QuotaResolution resolution = MAX.resolve(List.of(), List.of(friends, family));

        assertThat(resolution.quota()).hasValueSatisfying(q -> assertThat(q.isUnlimited()).isTrue());
        assertThat(resolution.source()).isEqualTo("group /family");
    }

    @Test
    void under_min_any_number_beats_unlimited() {
        GroupNode family = GroupNode.root("family", List.of("unlimited"));
        GroupNode friends = GroupNode.root("friends", List.of("8192T"));

        QuotaResolution resolution = MIN.resolve(List.of(), List.of(family, friends));

        assertThat(resolution.quota()).hasValue(gib(8192 * 1024));
        assertThat(resolution.source()).isEqualTo("group /friends");
    }

    @Test
    void unlimited_on_the_user_is_used_as_is() {
        QuotaResolution resolution = MIN.resolve(List.of("Unlimited"), List.of(GroupNode.root("family", List.of("1"))));

        assertThat(resolution.quota()).hasValue(Quota.unlimited());
        assertThat(resolution.source()).isEqualTo("user attribute");
    }

    @Test
    void the_mapper_default_applies_without_user_or_group_values() {
        QuotaResolver resolver = new QuotaResolver(QuotaPolicy.MAX, Quota.parse("10"));

        QuotaResolution resolution = resolver.resolve(List.of(), List.of(GroupNode.root("family", List.of())));

        assertThat(resolution.quota()).hasValue(gib(10));
        assertThat(resolution.source()).isEqualTo("mapper default");
    }

    @Test
    void without_any_value_and_without_default_there_is_no_quota() {
        QuotaResolution resolution = MAX.resolve(List.of(), List.of());

        assertThat(resolution.quota()).isEmpty();
        assertThat(resolution.source()).isEqualTo("none");
    }

    @Test
    void a_bad_user_value_is_skipped_and_reported_then_groups_apply() {
        GroupNode family = GroupNode.root("family", List.of("100"));

        QuotaResolution resolution = MAX.resolve(List.of("-5"), List.of(family));

        assertThat(resolution.quota()).hasValue(gib(100));
        assertThat(resolution.source()).isEqualTo("group /family");
        assertThat(resolution.ignored()).containsExactly("user attribute");
    }

    @Test
    void bad_group_values_are_skipped_and_reported_then_the_default_applies() {
        QuotaResolver resolver = new QuotaResolver(QuotaPolicy.MAX, Quota.parse("1"));
        GroupNode family = GroupNode.root("family", List.of("lots"));
        GroupNode friends = GroupNode.root("friends", List.of("NaN"));

        QuotaResolution resolution = resolver.resolve(List.of(), List.of(family, friends));

        assertThat(resolution.quota()).hasValue(gib(1));
        assertThat(resolution.source()).isEqualTo("mapper default");
        assertThat(resolution.ignored()).containsExactly("group /family", "group /friends");
    }

    @Test
    void a_bad_value_next_to_a_good_one_on_the_same_group_does_not_hide_the_good_one() {
        GroupNode family = GroupNode.root("family", List.of("Infinity", "30"));

        QuotaResolution resolution = MAX.resolve(List.of(), List.of(family));

        assertThat(resolution.quota()).hasValue(gib(30));
        assertThat(resolution.ignored()).containsExactly("group /family");
    }

    @Test
    void a_group_reached_twice_is_counted_once_and_a_direct_membership_is_named_directly() {
        GroupNode family = GroupNode.root("family", List.of("100"));
        GroupNode kids = family.child("kids", List.of());
        GroupNode teens = family.child("teens", List.of());

        QuotaResolution resolution = MAX.resolve(List.of(), List.of(teens, kids, family));

        assertThat(resolution.source()).isEqualTo("group /family");
    }

    @Test
    void equal_values_resolve_to_the_first_group_in_path_order() {
        GroupNode b = GroupNode.root("b", List.of("10"));
        GroupNode a = GroupNode.root("a", List.of("10240M"));

        assertThat(MAX.resolve(List.of(), List.of(b, a)).source()).isEqualTo("group /a");
        assertThat(MIN.resolve(List.of(), List.of(b, a)).source()).isEqualTo("group /a");
    }
}
