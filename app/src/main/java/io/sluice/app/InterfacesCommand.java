package io.sluice.app;

import io.sluice.app.live.LiveCaptureException;
import io.sluice.app.live.NetworkInterfaces;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sluice interfaces}: what {@code analyze --interface} can capture on, as {@code tcpdump -D} lists it. */
@Command(
        name = "interfaces",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "List the network interfaces that 'sluice analyze --interface IFACE' can capture on, with their state"
                    + " and addresses, as libpcap finds them. Listing needs no privileges; capturing needs root or"
                    + " CAP_NET_RAW and CAP_NET_ADMIN.",
            "",
            "Exit codes: 0 ok; 3 libpcap is missing or cannot list the interfaces."
        })
final class InterfacesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        java.util.List<NetworkInterfaces.Device> devices;
        try {
            devices = NetworkInterfaces.list();
        } catch (LiveCaptureException e) {
            err.println("sluice: " + e.getMessage());
            err.flush();
            return ExitCode.NO_INPUT;
        }
        var table = new TextTable("Interfaces (sluice analyze --interface NAME)", "interface", "state", "addresses", "description");
        for (var d : devices) {
            var state = new StringBuilder(d.up() ? "up" : "down");
            if (d.running()) state.append(", running");
            if (d.loopback()) state.append(", loopback");
            if (d.wireless()) state.append(", wireless");
            table.row(d.name(), state.toString(), String.join(" ", d.addresses()), d.description());
        }
        out.print(table.render());
        out.flush();
        return ExitCode.OK;
    }
}
