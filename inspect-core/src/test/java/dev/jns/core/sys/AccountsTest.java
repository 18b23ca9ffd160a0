package dev.jns.core.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Names through NSS: root is uid and gid 0 on every Linux; a name nobody has is empty. */
class AccountsTest {
    @Test
    void rootIsZeroAndAnUnknownNameIsEmpty() {
        assertEquals(OptionalLong.of(0), Accounts.uid("root"));
        assertEquals(OptionalLong.of(0), Accounts.gid("root"));
        assertTrue(Accounts.uid("no-such-user-of-jns").isEmpty());
        assertTrue(Accounts.gid("no-such-group-of-jns").isEmpty());
    }
}
