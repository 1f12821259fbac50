package com.acme.jpa;

import org.springframework.data.jpa.repository.JpaRepository;

public interface Items extends JpaRepository<Item, Long> {}
