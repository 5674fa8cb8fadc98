package jp.kyodo.bench;

import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The CPU floor of one password sign-in in Keycloak, on this machine (docs/capacity.md): the password hash that
 * Keycloak 26 computes to check a password (argon2id, its defaults: 7,168 KiB, 5 iterations, parallelism 1, 32-byte
 * hash, with Bouncy Castle as Keycloak does), the same for PBKDF2-SHA512 with 210,000 iterations (Keycloak's default
 * before 25 and in FIPS mode; realms imported with it keep it), and the RS256 signatures of the tokens Keycloak
 * issues per sign-in (access and ID token). One thread, warm-up first, median of the rounds.
 * Usage: bench/login-crypto [rounds=7]
 */
public final class LoginCryptoBench {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        byte[] password = "correct horse battery staple".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);

        Runnable argon2 = () -> {
            Argon2BytesGenerator g = new Argon2BytesGenerator();
            g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(7168).withIterations(5).withParallelism(1).withSalt(salt).build());
            byte[] out = new byte[32];
            g.generateBytes(password, out);
        };
        Runnable pbkdf2 = () -> {
            try {
                SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512");
                f.generateSecret(new PBEKeySpec("correct horse battery staple".toCharArray(), salt, 210_000, 512)).getEncoded();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        kpg.initialize(2048);
        var keys = kpg.generateKeyPair();
        byte[] token = new byte[900];
        Runnable rs256 = () -> {
            try {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initSign(keys.getPrivate());
                s.update(token);
                s.sign();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        System.out.printf("RESULT login-crypto: one thread, median of %d rounds, after warm-up (cpus=%d)%n", rounds,
                Runtime.getRuntime().availableProcessors());
        report("argon2id m=7168KiB t=5 p=1 (Keycloak 26 default)", argon2, 20, rounds);
        report("PBKDF2-SHA512 210000 iterations", pbkdf2, 5, rounds);
        report("RS256 signature, RSA 2048", rs256, 300, rounds);
    }

    private static void report(String name, Runnable op, int perRound, int rounds) {
        for (int i = 0; i < perRound; i++) {
            op.run();
        }
        // wall time waits for the CPU when other processes run; the thread's own CPU time does not (it is what a
        // dedicated core would spend, apart from the cache and hyperthread effects of a busy machine)
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        List<Double> ms = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                op.run();
            }
            ms.add((System.nanoTime() - t0) / 1e6 / perRound);
            cpu.add((threads.getCurrentThreadCpuTime() - c0) / 1e6 / perRound);
        }
        Collections.sort(ms);
        Collections.sort(cpu);
        System.out.printf("  %-50s median %8.3f ms   min %8.3f ms   max %8.3f ms   thread CPU median %8.3f ms%n", name,
                ms.get(ms.size() / 2), ms.get(0), ms.get(ms.size() - 1), cpu.get(cpu.size() / 2));
    }
}
