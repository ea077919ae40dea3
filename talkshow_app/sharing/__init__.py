"""What other sites read: Open Graph and Twitter card tags, robots.txt, sitemap.xml, icons, the web app manifest."""
