package io.neurostream.connectors.kafka;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Temporary folders of the embedded mode (broker logs, checkpoints). */
public final class TempFolders {
    private TempFolders() {}

    /**
     * Deletes a folder tree, best effort. Another thread (a checkpoint being finalised or cleaned
     * up) may add or remove files meanwhile, so vanished entries are skipped and the walk is
     * repeated a few times instead of failing.
     */
    public static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
            try {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        file.toFile().delete();
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path folder, IOException e) {
                        folder.toFile().delete();
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException | RuntimeException ignored) {
                // try again: the tree changed under us
            }
        }
    }
}
