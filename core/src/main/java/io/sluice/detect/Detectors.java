package io.sluice.detect;

import io.sluice.detect.analytics.AltProtocolUploadDetector;
import io.sluice.detect.analytics.AmplificationDetector;
import io.sluice.detect.analytics.AppFloodDetector;
import io.sluice.detect.analytics.ArpSpoofDetector;
import io.sluice.detect.analytics.BeaconDetector;
import io.sluice.detect.analytics.C2ChannelUploadDetector;
import io.sluice.detect.analytics.ConnectionFloodDetector;
import io.sluice.detect.analytics.CoercedAuthenticationDetector;
import io.sluice.detect.analytics.CostlyRequestFloodDetector;
import io.sluice.detect.analytics.DataManipulationDetector;
import io.sluice.detect.analytics.DcSyncDetector;
import io.sluice.detect.analytics.LsaSecretAccessDetector;
import io.sluice.detect.analytics.RpcEndpointDumpDetector;
import io.sluice.detect.analytics.SessionInjectionDetector;
import io.sluice.detect.analytics.DgaDetector;
import io.sluice.detect.analytics.DomainFrontingDetector;
import io.sluice.detect.analytics.DnsCalculationDetector;
import io.sluice.detect.analytics.DockerApiDetector;
import io.sluice.detect.analytics.DriveByDetector;
import io.sluice.detect.analytics.FluxConnectionDetector;
import io.sluice.detect.analytics.NatTraversalDetector;
import io.sluice.detect.analytics.PhishingMailDetector;
import io.sluice.detect.analytics.ProcessNetworkDetector;
import io.sluice.detect.analytics.OsFingerprintDetector;
import io.sluice.detect.analytics.OtherNetworkMediumDetector;
import io.sluice.detect.analytics.TunnelClientDetector;
import io.sluice.detect.analytics.RelayingProcessDetector;
import io.sluice.detect.analytics.ProtocolImpersonationDetector;
import io.sluice.detect.analytics.MailFollowUpDetector;
import io.sluice.detect.analytics.DnsTunnelDetector;
import io.sluice.detect.analytics.DomainBeaconDetector;
import io.sluice.detect.analytics.EncodedUriChannelDetector;
import io.sluice.detect.analytics.ExecutableDownloadDetector;
import io.sluice.detect.analytics.ExternalSmbDetector;
import io.sluice.detect.analytics.FallbackChannelDetector;
import io.sluice.detect.analytics.FastFluxDetector;
import io.sluice.detect.analytics.FixedSizeTransferDetector;
import io.sluice.detect.analytics.GroupPolicyDiscoveryDetector;
import io.sluice.detect.analytics.HorizontalScanDetector;
import io.sluice.detect.analytics.HttpExploitDetector;
import io.sluice.detect.analytics.IcmpSweepDetector;
import io.sluice.detect.analytics.IcmpTunnelDetector;
import io.sluice.detect.analytics.IntelMatchDetector;
import io.sluice.detect.analytics.InternalMailBurstDetector;
import io.sluice.detect.analytics.InternalRelayDetector;
import io.sluice.detect.analytics.LateralExecDetector;
import io.sluice.detect.analytics.LateralToolTransferDetector;
import io.sluice.detect.analytics.LolbinDownloadDetector;
import io.sluice.detect.analytics.LongConnectionDetector;
import io.sluice.detect.analytics.MagicPacketDetector;
import io.sluice.detect.analytics.MailSpoofDetector;
import io.sluice.detect.analytics.MalformedTcpFloodDetector;
import io.sluice.detect.analytics.MiningPoolDetector;
import io.sluice.detect.analytics.NamePoisoningDetector;
import io.sluice.detect.analytics.NewDeviceDetector;
import io.sluice.detect.analytics.NewCollectionClientDetector;
import io.sluice.detect.analytics.NewEgressGatewayDetector;
import io.sluice.detect.analytics.NewExternalDestinationDetector;
import io.sluice.detect.analytics.NewRemoteServiceDetector;
import io.sluice.detect.analytics.NonStandardPortDetector;
import io.sluice.detect.analytics.OneWayTransferDetector;
import io.sluice.detect.analytics.OpaqueChannelDetector;
import io.sluice.detect.analytics.PlaintextCheckInDetector;
import io.sluice.detect.analytics.PortKnockDetector;
import io.sluice.detect.analytics.ProxyChannelDetector;
import io.sluice.detect.analytics.ProtocolExfilDetector;
import io.sluice.detect.analytics.RemoteAccessToolDetector;
import io.sluice.detect.analytics.RemoteBruteForceDetector;
import io.sluice.detect.analytics.RogueDhcpDetector;
import io.sluice.detect.analytics.RogueDomainControllerDetector;
import io.sluice.detect.analytics.ShareRemovalDetector;
import io.sluice.detect.analytics.SelfSignedChannelDetector;
import io.sluice.detect.analytics.SigRedDetector;
import io.sluice.detect.analytics.SmbUploadDetector;
import io.sluice.detect.analytics.SmbCompressionExploitDetector;
import io.sluice.detect.analytics.SnmpConfigDumpDetector;
import io.sluice.detect.analytics.StagedChannelDetector;
import io.sluice.detect.analytics.SynFloodDetector;
import io.sluice.detect.analytics.TftpBootServerDetector;
import io.sluice.detect.analytics.TrafficMirrorDetector;
import io.sluice.detect.analytics.TrwScanDetector;
import io.sluice.detect.analytics.UserDiscoveryDetector;
import io.sluice.detect.analytics.VerticalScanDetector;
import io.sluice.detect.analytics.WebServiceChannelDetector;
import io.sluice.detect.analytics.VolumetricFloodDetector;
import io.sluice.detect.analytics.WebScanDetector;
import io.sluice.detect.analytics.WebShellCallbackDetector;
import io.sluice.detect.analytics.WebServiceUploadDetector;
import io.sluice.detect.analytics.WebShellDetector;
import io.sluice.detect.analytics.ZerologonDetector;
import io.sluice.detect.baseline.BaselineLearner;
import io.sluice.detect.baseline.HostBaselines;
import io.sluice.rules.intel.IntelSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The analytics Sluice runs by default, wired in one place. Each analytic adds one line below
 * (sorted by id), passing its {@code Config} read from {@code config} and, where it needs them, the
 * host baselines or the threat-intel lists. {@code detectors.<id>.enabled: false} switches one off.
 */
public final class Detectors {

    private Detectors() {
    }

    public static List<Detector<?, ?>> standard(DetectConfig config) {
        return standard(config, new HostBaselines(BaselineLearner.config(config)), IntelSet.empty());
    }

    /**
     * The analytics with the baselines they share (loaded from {@code --state}, saved after the run)
     * and the threat-intel lists ({@code --intel}).
     */
    public static List<Detector<?, ?>> standard(DetectConfig config, HostBaselines baselines, IntelSet intel) {
        var all = new ArrayList<Detector<?, ?>>();
        // the learner first: it feeds the baselines the analytics below read
        all.add(new BaselineLearner(baselines));
        all.add(new DomainBeaconDetector(DomainBeaconDetector.config(config)));
        all.add(new BeaconDetector(BeaconDetector.config(config)));
        all.add(new WebServiceChannelDetector(WebServiceChannelDetector.config(config)));
        all.add(new LongConnectionDetector(LongConnectionDetector.config(config)));
        all.add(new ProxyChannelDetector(ProxyChannelDetector.config(config)));
        all.add(new DomainFrontingDetector(DomainFrontingDetector.config(config)));
        all.add(new RemoteAccessToolDetector(RemoteAccessToolDetector.config(config)));
        all.add(new FallbackChannelDetector(FallbackChannelDetector.config(config)));
        all.add(new SelfSignedChannelDetector(SelfSignedChannelDetector.config(config)));
        all.add(new OpaqueChannelDetector(OpaqueChannelDetector.config(config)));
        all.add(new InternalRelayDetector(InternalRelayDetector.config(config)));
        all.add(new StagedChannelDetector(StagedChannelDetector.config(config)));
        all.add(new NewExternalDestinationDetector(NewExternalDestinationDetector.config(config), baselines));
        all.add(new DgaDetector(DgaDetector.config(config)));
        all.add(new FastFluxDetector(FastFluxDetector.config(config)));
        all.add(new SigRedDetector(SigRedDetector.config(config)));
        all.add(new DnsTunnelDetector(DnsTunnelDetector.config(config)));
        all.add(new AmplificationDetector(AmplificationDetector.config(config)));
        all.add(new AppFloodDetector(AppFloodDetector.config(config)));
        all.add(new ConnectionFloodDetector(ConnectionFloodDetector.config(config)));
        all.add(new CostlyRequestFloodDetector(CostlyRequestFloodDetector.config(config)));
        all.add(new SynFloodDetector(SynFloodDetector.config(config)));
        all.add(new MalformedTcpFloodDetector(MalformedTcpFloodDetector.config(config)));
        all.add(new VolumetricFloodDetector(VolumetricFloodDetector.config(config)));
        all.add(new FixedSizeTransferDetector(FixedSizeTransferDetector.config(config)));
        all.add(new ProtocolExfilDetector(ProtocolExfilDetector.config(config)));
        all.add(new OneWayTransferDetector(OneWayTransferDetector.config(config)));
        all.add(new WebServiceUploadDetector(WebServiceUploadDetector.config(config)));
        all.add(new TrafficMirrorDetector(TrafficMirrorDetector.config(config)));
        all.add(new AltProtocolUploadDetector(AltProtocolUploadDetector.config(config)));
        all.add(new MiningPoolDetector(MiningPoolDetector.config(config)));
        all.add(new C2ChannelUploadDetector(C2ChannelUploadDetector.config(config)));
        all.add(new NewEgressGatewayDetector(NewEgressGatewayDetector.config(config)));
        all.add(new EncodedUriChannelDetector(EncodedUriChannelDetector.config(config)));
        all.add(new ExecutableDownloadDetector(ExecutableDownloadDetector.config(config)));
        all.add(new LolbinDownloadDetector(LolbinDownloadDetector.config(config)));
        all.add(new WebShellDetector(WebShellDetector.config(config)));
        all.add(new HttpExploitDetector(HttpExploitDetector.config(config)));
        all.add(new IcmpTunnelDetector(IcmpTunnelDetector.config(config)));
        all.add(new IntelMatchDetector(IntelMatchDetector.config(config), intel));
        all.add(new ArpSpoofDetector(ArpSpoofDetector.config(config)));
        all.add(new NamePoisoningDetector(NamePoisoningDetector.config(config)));
        all.add(new RogueDhcpDetector(RogueDhcpDetector.config(config)));
        all.add(new MailSpoofDetector(MailSpoofDetector.config(config)));
        all.add(new InternalMailBurstDetector(InternalMailBurstDetector.config(config)));
        all.add(new NonStandardPortDetector(NonStandardPortDetector.config(config)));
        all.add(new RemoteBruteForceDetector(RemoteBruteForceDetector.config(config)));
        all.add(new NewRemoteServiceDetector(NewRemoteServiceDetector.config(config), baselines));
        all.add(new NewCollectionClientDetector(NewCollectionClientDetector.config(config), baselines));
        all.add(new HorizontalScanDetector(HorizontalScanDetector.config(config)));
        all.add(new IcmpSweepDetector(IcmpSweepDetector.config(config)));
        all.add(new TrwScanDetector(TrwScanDetector.config(config)));
        all.add(new VerticalScanDetector(VerticalScanDetector.config(config)));
        all.add(new PortKnockDetector(PortKnockDetector.config(config)));
        all.add(new OsFingerprintDetector(OsFingerprintDetector.config(config)));
        all.add(new RpcEndpointDumpDetector(RpcEndpointDumpDetector.config(config)));
        all.add(new SessionInjectionDetector());
        all.add(new LateralToolTransferDetector(LateralToolTransferDetector.config(config)));
        all.add(new SnmpConfigDumpDetector(SnmpConfigDumpDetector.config(config)));
        all.add(new DcSyncDetector(DcSyncDetector.config(config)));
        all.add(new LsaSecretAccessDetector(LsaSecretAccessDetector.config(config)));
        all.add(new LateralExecDetector(LateralExecDetector.config(config)));
        all.add(new UserDiscoveryDetector(UserDiscoveryDetector.config(config)));
        all.add(new ZerologonDetector(ZerologonDetector.config(config)));
        all.add(new CoercedAuthenticationDetector(CoercedAuthenticationDetector.config(config)));
        all.add(new SmbCompressionExploitDetector());
        all.add(new PlaintextCheckInDetector());
        all.add(new WebScanDetector(WebScanDetector.config(config)));
        all.add(new WebShellCallbackDetector(WebShellCallbackDetector.config(config)));
        all.add(new ExternalSmbDetector(ExternalSmbDetector.config(config)));
        all.add(new GroupPolicyDiscoveryDetector(GroupPolicyDiscoveryDetector.config(config)));
        all.add(new ShareRemovalDetector(ShareRemovalDetector.config(config)));
        all.add(new RogueDomainControllerDetector(RogueDomainControllerDetector.config(config)));
        all.add(new TftpBootServerDetector(TftpBootServerDetector.config(config)));
        all.add(new SmbUploadDetector(SmbUploadDetector.config(config), baselines));
        all.add(new NewDeviceDetector(NewDeviceDetector.config(config)));
        all.add(new MagicPacketDetector(MagicPacketDetector.config(config)));
        all.add(new DockerApiDetector(DockerApiDetector.config(config)));
        all.add(new PhishingMailDetector(PhishingMailDetector.config(config)));
        all.add(new MailFollowUpDetector(MailFollowUpDetector.config(config)));
        all.add(new DnsCalculationDetector(DnsCalculationDetector.config(config)));
        all.add(new FluxConnectionDetector(FluxConnectionDetector.config(config)));
        all.add(new ProcessNetworkDetector(ProcessNetworkDetector.config(config)));
        all.add(new OtherNetworkMediumDetector(OtherNetworkMediumDetector.config(config)));
        all.add(new TunnelClientDetector(TunnelClientDetector.config(config)));
        all.add(new RelayingProcessDetector(RelayingProcessDetector.config(config)));
        all.add(new NatTraversalDetector(NatTraversalDetector.config(config)));
        all.add(new DataManipulationDetector(DataManipulationDetector.config(config)));
        all.add(new ProtocolImpersonationDetector(ProtocolImpersonationDetector.config(config)));
        all.add(new DriveByDetector(DriveByDetector.config(config)));
        return enabledOnly(all, config);
    }

    private static List<Detector<?, ?>> enabledOnly(List<Detector<?, ?>> all, DetectConfig config) {
        var on = new ArrayList<Detector<?, ?>>();
        for (var d : all) {
            if (config.enabled(d.id())) on.add(d);
        }
        return List.copyOf(on);
    }
}
