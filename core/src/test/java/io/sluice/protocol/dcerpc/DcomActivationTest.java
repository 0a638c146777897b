package io.sluice.protocol.dcerpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DcomActivationTest {
    private static final String SPECIAL_SYSTEM = "000001b9-0000-0000-c000-000000000046";
    private static final String INSTANTIATION = "000001ab-0000-0000-c000-000000000046";
    private static final String SERVER_LOCATION = "000001a4-0000-0000-c000-000000000046";

    /** A request PDU (24-byte header, then a few stub bytes) carrying activation properties in this order. */
    private static byte[] request(String classId, List<String> properties) {
        var props = new ByteArrayOutputStream();
        int[] sizes = new int[properties.size()];
        for (int i = 0; i < properties.size(); i++) {
            var p = new ByteArrayOutputStream();
            p.writeBytes(new byte[] {1, 0x10, 8, 0, (byte) 0xcc, (byte) 0xcc, (byte) 0xcc, (byte) 0xcc});
            u32(p, 0x40);
            u32(p, 0);
            if (properties.get(i).equals(INSTANTIATION)) p.writeBytes(guid(classId));
            p.writeBytes(new byte[0x40 - (p.size() - 16)]);
            sizes[i] = p.size();
            props.writeBytes(p.toByteArray());
        }
        var header = new ByteArrayOutputStream();
        header.writeBytes(new byte[] {1, 0x10, 8, 0, (byte) 0xcc, (byte) 0xcc, (byte) 0xcc, (byte) 0xcc});
        u32(header, 0); // private header: the length, which the parser does not need
        u32(header, 0);
        int headerSize = 8 + 8 + 48 + 4 + 16 * sizes.length + 4 + 4 * sizes.length;
        u32(header, headerSize + props.size()); // total size
        u32(header, headerSize);
        u32(header, 0);
        u32(header, 2); // destination context
        u32(header, sizes.length);
        header.writeBytes(new byte[16]);
        u32(header, 0x20000);
        u32(header, 0x20004);
        u32(header, 0);
        u32(header, sizes.length);
        for (String p : properties) header.writeBytes(guid(p));
        u32(header, sizes.length);
        for (int s : sizes) u32(header, s);

        var pdu = new ByteArrayOutputStream();
        pdu.writeBytes(new byte[] {5, 0, 0, 3, 0x10, 0, 0, 0});
        pdu.writeBytes(new byte[16]); // rest of the header: lengths, call id, alloc hint, context, opnum
        pdu.writeBytes(new byte[40]); // ORPCTHIS and the pointers before the interface pointer
        pdu.writeBytes(new byte[] {'M', 'E', 'O', 'W', 4, 0, 0, 0});
        pdu.writeBytes(guid("000001a2-0000-0000-c000-000000000046"));
        pdu.writeBytes(guid("00000338-0000-0000-c000-000000000046"));
        u32(pdu, 0);
        u32(pdu, 8 + header.size() + props.size());
        u32(pdu, header.size() + props.size());
        u32(pdu, 0);
        pdu.writeBytes(header.toByteArray());
        pdu.writeBytes(props.toByteArray());
        return pdu.toByteArray();
    }

    private static byte[] guid(String text) {
        var u = UUID.fromString(text);
        long hi = u.getMostSignificantBits(), lo = u.getLeastSignificantBits();
        byte[] b = new byte[16];
        int d1 = (int) (hi >>> 32), d2 = (int) (hi >>> 16) & 0xffff, d3 = (int) hi & 0xffff;
        b[0] = (byte) d1; b[1] = (byte) (d1 >>> 8); b[2] = (byte) (d1 >>> 16); b[3] = (byte) (d1 >>> 24);
        b[4] = (byte) d2; b[5] = (byte) (d2 >>> 8);
        b[6] = (byte) d3; b[7] = (byte) (d3 >>> 8);
        for (int i = 0; i < 8; i++) b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        return b;
    }

    private static void u32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    @Test
    void readsTheClassFromTheInstantiationProperty() {
        String shellWindows = "9ba05972-f6a8-11cf-a442-00a0c90a8f39";
        byte[] pdu = request(shellWindows, List.of(SPECIAL_SYSTEM, INSTANTIATION, SERVER_LOCATION));
        assertThat(DcomActivation.classId(pdu, pdu.length, 24)).isEqualTo(shellWindows);
        assertThat(DcomActivation.className(shellWindows)).isEqualTo("ShellWindows");

        // wherever the property comes in the list
        byte[] last = request("12345678-9abc-def0-1234-56789abcdef0", List.of(SERVER_LOCATION, SPECIAL_SYSTEM, INSTANTIATION));
        assertThat(DcomActivation.classId(last, last.length, 24)).isEqualTo("12345678-9abc-def0-1234-56789abcdef0");
        assertThat(DcomActivation.className("12345678-9abc-def0-1234-56789abcdef0")).isNull();
    }

    @Test
    void answersNothingWhenThePropertiesAreMissingOrCut() {
        byte[] none = request("49b2791a-b1ae-4c90-9b8e-e860ba07f889", List.of(SPECIAL_SYSTEM, SERVER_LOCATION));
        assertThat(DcomActivation.classId(none, none.length, 24)).isNull();

        byte[] pdu = request("49b2791a-b1ae-4c90-9b8e-e860ba07f889", List.of(SPECIAL_SYSTEM, INSTANTIATION));
        assertThat(DcomActivation.classId(pdu, pdu.length, 24)).isEqualTo("49b2791a-b1ae-4c90-9b8e-e860ba07f889");
        for (int k = 0; k < pdu.length - 40; k++) {
            String id = DcomActivation.classId(pdu, k, 24);
            assertThat(id).as("kept %d bytes", k).isIn(null, "49b2791a-b1ae-4c90-9b8e-e860ba07f889");
        }
        byte[] noObjref = Arrays.copyOf(pdu, pdu.length);
        noObjref[64] = 'X'; // "MEOW" becomes "XEOW"
        assertThat(DcomActivation.classId(noObjref, noObjref.length, 24)).isNull();
    }
}
