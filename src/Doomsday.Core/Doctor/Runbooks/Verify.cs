using Doomsday.Core.Doctor.Plans;

namespace Doomsday.Core.Doctor.Runbooks;

/// <summary>Steps that show a fix took: what a port serves, what a file holds, doctor's verdict.</summary>
public static class Verify
{
    public static RunbookStep Rerun() => new("Run doctor again", "sudo doomsday doctor --kubeadm", RunOn.ThisNode, PlanStage.Verify);

    public static RunbookStep ServedFingerprint(string hostPort) =>
        new($"The certificate {hostPort} serves now",
            $"echo | openssl s_client -connect {hostPort} 2>/dev/null | openssl x509 -noout -fingerprint -sha256 -enddate", RunOn.ThisNode, PlanStage.Verify);

    public static RunbookStep DiskFingerprint(string file) =>
        new($"The certificate in {file}", $"sudo openssl x509 -in {file} -noout -fingerprint -sha256 -enddate", RunOn.ThisNode, PlanStage.Verify);

    /// <summary><c>openssl verify</c> of a certificate file against a CA file (prints OK when it chains).</summary>
    public static RunbookStep Chains(string caFile, string certificateFile) =>
        new($"{Path.GetFileName(certificateFile)} must verify against {Path.GetFileName(caFile)} (prints OK)",
            $"sudo openssl verify -CAfile {caFile} {certificateFile}", RunOn.ThisNode, PlanStage.Verify);
}
